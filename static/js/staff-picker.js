// Turn each plain staff <select data-staff-picker> into GOV.UK's accessible autocomplete
// (static/vendor/accessible-autocomplete-*): type part of a name or job title, then choose
// with the arrow keys and Enter, or by tapping. Without JavaScript, or if the library is
// missing, the select works on its own and the server checks every choice.
document.addEventListener("DOMContentLoaded", () => {
    if (!window.accessibleAutocomplete) {
        return;
    }
    document.querySelectorAll("select[data-staff-picker]").forEach((select) => {
        const chosen = select.options[select.selectedIndex];
        window.accessibleAutocomplete.enhanceSelectElement({
            selectElement: select,
            defaultValue: chosen && chosen.value ? chosen.textContent : "",
            showAllValues: false,
            minLength: 1,
            displayMenu: "overlay",
            dropdownArrow: () => "",
            tNoResults: () => "No member of staff found",
            tStatusQueryTooShort: (n) => `Type ${n} or more characters to search`,
            tStatusNoResults: () => "No member of staff found",
            tStatusSelectedOption: (option, length, index) => `${option} ${index + 1} of ${length} is highlighted`,
            tStatusResults: (length, content) => `${length} ${length === 1 ? "person matches" : "people match"}. ${content}`,
            onConfirm: (label) => {
                const input = document.getElementById(select.id.replace(/-select$/, ""));
                if (label === undefined) {
                    // Cleared: choose no one, so a person removed from the box is removed from the request.
                    if (input && input.value.trim() === "") {
                        select.value = "";
                    }
                    return;
                }
                const option = Array.from(select.options).find((o) => o.textContent === label);
                select.value = option ? option.value : "";
            },
        });
    });

    // After "Add another", move focus to the new, empty row.
    const added = new URLSearchParams(window.location.search).get("add");
    if (added && !document.querySelector("[data-error-summary]")) {
        const rows = document.querySelectorAll(
            added === "others" ? "input[id^='id_others-'][id$='-name']" : `[name='${added}'], #div_id_${added} input`,
        );
        const fields = Array.from(rows).filter((el) => el.offsetParent !== null);
        if (fields.length) {
            fields[fields.length - 1].focus();
        }
    }
});
