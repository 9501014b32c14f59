# Settings: the profile, time zone, language and units, API tokens, the
# password, the data and deleting the account.

settings-saved-profile = Profile saved.
settings-saved-preferences = Preferences saved.
settings-saved-password = Password changed. Your other sessions were logged out.
settings-token-revoked = Token revoked.

settings-profile = Profile
settings-sex = Sex
settings-sex-female = Female
settings-sex-male = Male
settings-birth-date = Birth date
# $unit is cm or in; kg or lb.
settings-height = Height ({ $unit })
settings-weight-today = Weight today ({ $unit })
settings-activity-level = Activity level
# An option of the activity level: its name and factor ("moderate (× 1.55)").
settings-level = { $level ->
    [sedentary] sedentary
    [light] light
    [moderate] moderate
    [active] active
   *[very_active] very active
} (× { $factor })
settings-save-profile = Save profile

settings-preferences = Time zone, language and units
settings-time-zone = Time zone
settings-time-zone-hint = Your day starts at midnight here, e.g. Europe/Madrid
settings-language = Language
settings-energy = Energy
settings-weight = Weight
settings-length = Height
settings-save-preferences = Save preferences

settings-tokens = API tokens
# $name is the token's name, as its owner gave it.
settings-token-created = Token “{ $name }” created. Copy it now: it will not be shown again.
# $header is "Authorization: Bearer …", as code.
settings-no-tokens = No tokens. Scripts and apps use one as { $header }.
settings-token-dates = created { $created } · last used { $used }
settings-token-never = never
# Date patterns of the token list (strftime), in the account's time zone.
settings-token-date = %-d %b %Y
settings-token-time = %-d %b %Y %H:%M
settings-revoke = Revoke
settings-revoke-named = Revoke { $name }
settings-token-name = New token name
# Put before the field's messages ("Name at most 10 API tokens").
settings-token-name-prefix = Name{" "}
settings-token-placeholder = e.g. phone
settings-token-create = Create
settings-token-scope = Allowed to
settings-token-scope-full = everything
settings-token-scope-read = read only
settings-token-scope-health = send health data only
# A date field: the token or link works through that day; empty: until revoked.
settings-valid-through = Valid through (optional)
settings-valid-until = valid until { $date }
settings-valid-through-day = valid through { $date }

settings-password = Password
settings-current-password = Current password
settings-current-password-prefix = This{" "}
settings-new-password = New password
settings-new-password-prefix = New password{" "}
settings-change-password = Change password
# After a password field's prefix ("This cannot be checked now: …").
settings-password-limited = cannot be checked now: too many wrong passwords; try again in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}

settings-your-data = Your data
settings-export-text = Download every food entry, activity and weight.
settings-export-csv = Export CSV
settings-export-json = Export JSON
settings-delete = Delete account
settings-delete-password = Password
settings-delete-password-prefix = Password{" "}
settings-delete-submit = Delete my account and all its data
settings-token-password-prefix = Password:{" "}
