# Einstellungen: das Profil, Zeitzone, Sprache und Einheiten, API-Tokens,
# das Passwort, die Daten und das Löschen des Kontos.

settings-saved-profile = Profil gespeichert.
settings-saved-preferences = Einstellungen gespeichert.
settings-saved-password = Passwort geändert. Deine anderen Sitzungen wurden abgemeldet.
settings-token-revoked = Token widerrufen.

settings-profile = Profil
settings-sex = Geschlecht
settings-sex-female = Weiblich
settings-sex-male = Männlich
settings-birth-date = Geburtsdatum
settings-height = Größe ({ $unit })
settings-weight-today = Gewicht heute ({ $unit })
settings-activity-level = Aktivitätsniveau
settings-level = { $level ->
    [sedentary] sitzend
    [light] leicht aktiv
    [moderate] mäßig aktiv
    [active] aktiv
   *[very_active] sehr aktiv
} (× { $factor })
settings-save-profile = Profil speichern

settings-preferences = Zeitzone, Sprache und Einheiten
settings-time-zone = Zeitzone
settings-time-zone-hint = Dein Tag beginnt hier um Mitternacht, z. B. Europe/Madrid
settings-language = Sprache
settings-energy = Energie
settings-weight = Gewicht
settings-length = Größe
settings-save-preferences = Einstellungen speichern

settings-tokens = API-Tokens
settings-token-created = Token „{ $name }“ erstellt. Kopiere ihn jetzt: Er wird nicht noch einmal angezeigt.
settings-no-tokens = Keine Tokens. Skripte und Apps verwenden einen als { $header }.
settings-token-dates = erstellt am { $created } · zuletzt benutzt: { $used }
settings-token-never = nie
settings-token-date = %-d. %b %Y
settings-token-time = %-d. %b %Y, %H:%M
settings-revoke = Widerrufen
settings-revoke-named = { $name } widerrufen
settings-token-name = Name des neuen Tokens
settings-token-name-prefix = Der Name{" "}
settings-token-placeholder = z. B. Handy
settings-token-create = Erstellen
settings-token-scope = Darf
settings-token-scope-full = alles
settings-token-scope-read = nur lesen
settings-token-scope-health = nur Gesundheitsdaten senden
settings-valid-through = Gültig bis einschließlich (optional)
settings-valid-until = gültig bis { $date }
settings-valid-through-day = gültig bis einschließlich { $date }

settings-password = Passwort
settings-current-password = Aktuelles Passwort
settings-current-password-prefix = Das{" "}
settings-new-password = Neues Passwort
settings-new-password-prefix = Das neue Passwort{" "}
settings-change-password = Passwort ändern
settings-password-limited = kann gerade nicht geprüft werden: zu viele falsche Passwörter; versuche es in { $minutes ->
    [one] einer Minute
   *[other] { $minutes } Minuten
} noch einmal

settings-your-data = Deine Daten
settings-export-text = Lade alle Essenseinträge, Aktivitäten und Gewichte herunter.
settings-export-csv = CSV exportieren
settings-export-json = JSON exportieren
settings-delete = Konto löschen
settings-delete-password = Passwort
settings-delete-password-prefix = Das Passwort{" "}
settings-delete-submit = Mein Konto und alle seine Daten löschen
settings-token-password-prefix = Passwort:{" "}
