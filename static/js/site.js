// Move focus to an error summary when a page shows one, so screen-reader and
// keyboard users hear what went wrong first (GOV.UK error summary pattern).
document.addEventListener("DOMContentLoaded", () => {
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
});
