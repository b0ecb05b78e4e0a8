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

// GOV.UK character count: under each answer with a maximum length, say how many characters
// are left (or how many too many) as the author types. Screen readers hear it once typing
// pauses. The server still refuses an answer over the limit, with a message.
document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("main form [data-max-length]").forEach((field) => {
        const limit = Number(field.dataset.maxLength);
        const visible = document.createElement("div");
        visible.className = "form-text character-count";
        visible.id = `${field.id}-count`;
        visible.setAttribute("aria-hidden", "true");
        const spoken = document.createElement("div");
        spoken.className = "visually-hidden";
        spoken.setAttribute("aria-live", "polite");
        field.insertAdjacentElement("afterend", spoken);
        field.insertAdjacentElement("afterend", visible);
        const message = () => {
            const left = limit - field.value.length;
            return left >= 0
                ? `You have ${left.toLocaleString("en-GB")} character${left === 1 ? "" : "s"} remaining`
                : `You have ${(-left).toLocaleString("en-GB")} character${left === -1 ? "" : "s"} too many`;
        };
        let timer;
        const update = () => {
            const text = message();
            visible.textContent = text;
            visible.classList.toggle("text-danger", field.value.length > limit);
            visible.classList.toggle("fw-semibold", field.value.length > limit);
            clearTimeout(timer);
            timer = setTimeout(() => {
                spoken.textContent = text;
            }, 1000);
        };
        visible.textContent = message();
        field.addEventListener("input", update);
    });
});
