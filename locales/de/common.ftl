# Das Gerüst jeder Seite und Wörter, die viele Seiten teilen.

skip-to-content = Zum Inhalt springen
nav-label = Hauptmenü
nav-today = Heute
nav-diary = Tagebuch
nav-history = Verlauf
nav-goals = Ziele
nav-settings = Einstellungen
signed-in-as = Angemeldet als { $name }
log-out = Abmelden
footer-your-data = deine Daten bleiben auf diesem Server

title-today = Heute
title-diary = Tagebuch · { $date }
title-history = Verlauf
title-goals = Ziele
title-settings = Einstellungen
title-edit-entry = Eintrag bearbeiten
title-edit-activity = Aktivität bearbeiten
title-login = Anmelden
title-register = Konto erstellen

meal-breakfast = Frühstück
meal-lunch = Mittagessen
meal-dinner = Abendessen
meal-snack = Snacks

date-long = %A, %-d. %B %Y
date-short = %-d. %b
date-day = %a, %-d. %b

manifest-description = Trag ein, was du isst und wie du dich bewegst, und sieh, wo du stehst.
