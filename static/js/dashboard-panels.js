// Dashboard panels that only inform are sent as a heading and a link to their report
// (home.dashboard.DeferredPanel); their body is fetched here once the page has loaded.
// Without JavaScript, or if the fetch fails, the link stays.
document.addEventListener("DOMContentLoaded", () => {
    for (const shell of document.querySelectorAll("[data-deferred-panel]")) {
        fetch(shell.dataset.deferredPanel, { credentials: "same-origin" })
            // A redirect means the session ended (sign-in page): keep the link rather than show that page here.
            .then((response) => (response.ok && !response.redirected ? response.text() : Promise.reject(response.status)))
            .then((html) => {
                shell.outerHTML = html;
            })
            .catch(() => {});
    }
});
