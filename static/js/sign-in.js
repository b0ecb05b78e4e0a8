// Sign-in and second-factor pages.
// - "Sign in with a passkey" is shown (first) only where the browser can use passkeys: without
//   JavaScript or WebAuthn the password form is the page's first action.
// - The "Trust this browser" box lives in the code form; the passkey form carries a hidden copy.
document.addEventListener("DOMContentLoaded", () => {
    if (window.PublicKeyCredential) {
        for (const section of document.querySelectorAll("[data-passkey-sign-in]")) {
            section.hidden = false;
        }
    }
    for (const copy of document.querySelectorAll("input[data-mirrors]")) {
        const box = document.getElementById(copy.dataset.mirrors);
        if (!box) {
            continue;
        }
        const sync = () => {
            copy.value = box.checked ? "on" : "";
        };
        box.addEventListener("change", sync);
        sync();
    }
});
