from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from evenly.accounts import views, views_security, views_tokens

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/delete/", views.account_delete_view, name="account_delete"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", views.password_reset_view, name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # --- sign-up confirmation (abuse limits, email verification) ---
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("verify/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("verify/resend/", views.verify_resend, name="verify_resend"),
    # Two-step sign-in and "Sign out everywhere" (views_security).
    path("login/code/", views_security.login_two_step, name="login_two_step"),
    path("account/two-step/", views_security.two_step, name="two_step"),
    path("account/two-step/start/", views_security.two_step_start, name="two_step_start"),
    path("account/two-step/setup/", views_security.two_step_setup, name="two_step_setup"),
    path("account/two-step/codes/", views_security.two_step_codes, name="two_step_codes"),
    path("account/two-step/off/", views_security.two_step_disable, name="two_step_off"),
    path(
        "account/sign-out-everywhere/",
        views_security.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    # Personal access tokens for the JSON API (views_tokens).
    path("account/api-tokens/", views_tokens.api_tokens, name="api_tokens"),
    path(
        "account/api-tokens/<id:token_id>/revoke/",
        views_tokens.api_token_revoke,
        name="api_token_revoke",
    ),
    path(
        "account/api-tokens/<id:token_id>/remove/",
        views_tokens.api_token_remove,
        name="api_token_remove",
    ),
    path(
        "account/api-tokens/remove-old/",
        views_tokens.api_tokens_remove,
        name="api_tokens_remove",
    ),
]
