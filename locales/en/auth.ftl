# Logging in and registering.

login-heading = Log in
login-registered = Your account is ready. Log in to start.
login-submit = Log in
login-new-here = New here?
register-link = Create an account
login-wrong = Wrong username or password.
login-incomplete = Enter your username and password.

register-heading = Create an account
register-submit = Create account
register-have-one = Already have one?
login-link = Log in
field-username = Username
field-password = Password
field-password-again = Password again
prefix-username = Username{" "}
prefix-password = Password{" "}
prefix-password-again = This{" "}
username-hint = 3–32 characters: a–z, 0–9, _ . -
password-hint = At least 8 characters.
password-mismatch = does not match the password
