// Show each detail question (age range, names of schools, host name, ...) only while the
// option it belongs to is ticked. Without JavaScript every question stays visible and
// the server still checks the details, so this only tidies the page.
document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("main form");
    if (!form) {
        return;
    }
    const dependants = Array.from(form.querySelectorAll("[data-show-if]"));

    const isChosen = (name, value) =>
        Array.from(form.elements).some(
            (el) => el.name === name && (el.type === "checkbox" || el.type === "radio") && el.checked && el.value === value,
        );

    const update = () => {
        dependants.forEach((control) => {
            const conditions = JSON.parse(control.dataset.showIf);
            const wrapper = document.getElementById(`div_${control.id}`) || control.parentElement;
            wrapper.classList.add("conditional-reveal");
            const hasError = control.classList.contains("is-invalid");
            const show = hasError || conditions.some(([name, value]) => isChosen(name, value));
            wrapper.hidden = !show;
        });
    };

    form.addEventListener("change", update);
    update();
});
