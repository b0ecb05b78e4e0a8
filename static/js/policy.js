// "Print or save as PDF" on policy pages: the print stylesheet does the rest.
document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-print]")) {
        button.addEventListener("click", () => window.print());
    }
});
