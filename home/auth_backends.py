"""The sign-in backend's path before it moved to ``home.accounts.backends``, kept for the sessions made then.

Django stores the backend's dotted path in each session and signs the session out when that
path is no longer in ``AUTHENTICATION_BACKENDS``. This class only finds the user of such a
session (``get_user``); it authenticates nobody, so nothing new is ever signed in through it.
"""

from home.accounts.backends import SignInBackend as CurrentSignInBackend


class SignInBackend(CurrentSignInBackend):
    """Recognises sessions signed in before the move; ``authenticate`` always returns None."""

    def authenticate(self, request, **credentials):
        return None
