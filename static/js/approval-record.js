// The approval record's "Print or save as PDF" button (kept out of the markup: no inline script).
document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
});
