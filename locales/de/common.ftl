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

# Names of the days (Monday first) and months, for the date patterns' %A %a %B %b.
weekday-1 = Montag
weekday-2 = Dienstag
weekday-3 = Mittwoch
weekday-4 = Donnerstag
weekday-5 = Freitag
weekday-6 = Samstag
weekday-7 = Sonntag
weekday-short-1 = Mo
weekday-short-2 = Di
weekday-short-3 = Mi
weekday-short-4 = Do
weekday-short-5 = Fr
weekday-short-6 = Sa
weekday-short-7 = So
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember
month-short-1 = Jan
month-short-2 = Feb
month-short-3 = Mär
month-short-4 = Apr
month-short-5 = Mai
month-short-6 = Jun
month-short-7 = Jul
month-short-8 = Aug
month-short-9 = Sep
month-short-10 = Okt
month-short-11 = Nov
month-short-12 = Dez
