# Prüfmeldungen: sie folgen dem Namen ihres Feldes, kleingeschrieben.

required = ist erforderlich
not-a-number = muss eine Zahl sein
must-be-between = muss zwischen { $min } und { $max } liegen
must-be-positive = muss größer als 0 (mindestens { $min }) und höchstens { $max } sein
must-be-over-zero = muss größer als 0 und höchstens { $max } sein
text-length = muss 1 bis { $max } Zeichen lang sein
at-most-characters = darf höchstens { $max } Zeichen lang sein
no-control-characters = darf keine Steuerzeichen enthalten
date-format = muss ein Datum als JJJJ-MM-TT sein, ab 1900-01-01
whole-number-range = muss eine ganze Zahl von { $min } bis { $max } sein
must-be-one-of = muss eines von { $allowed } sein
range-too-long = der Zeitraum darf höchstens { $days } Tage umfassen
not-before-from = darf nicht vor `from` liegen
not-in-future = darf nicht in der Zukunft liegen
needed-for-suggestion = wird für einen Vorschlag gebraucht: trage es im Profil ein
computed-from-catalogue = wird aus dem Katalogeintrag berechnet: lass es weg
amount-too-large = ergibt { $value } { $name }, mehr als die { $max }, die ein Eintrag fassen kann
serving-count-needs-serving = gehört zu einer Portion
serving-or-grams = gib quantity_g oder eine Portion an, nicht beides
food-has-no-servings = dieses Lebensmittel hat keine Portionen: gib die Gramm an
no-such-serving = dieses Lebensmittel hat keine solche Portion; es hat: { $servings }
burned-too-large = ergibt { $kcal } kcal_burned, mehr als die { $max }, die ein Eintrag fassen kann
no-such-activity = diese Aktivität ist nicht im Katalog
required-or-activity = ist erforderlich (oder aus dem Katalog mit activity_id eintragen)
required-for-met = ist erforderlich, um die Energie aus der Aktivität zu berechnen (oder gib kcal_burned an)
no-such-food = dieses Lebensmittel ist nicht im Katalog
grams-or-serving-required = ist mit food_id erforderlich (oder gib eine Portion an)
grams-required-with-food = ist mit food_id erforderlich
only-from-catalogue = gilt nur für Einträge aus dem Katalog (food_id)
required-or-food = ist erforderlich (oder aus dem Katalog mit food_id eintragen)
food-gone = das Lebensmittel ist nicht mehr im Katalog: gib die Gramm an
no-grams-to-rescale = der Eintrag hat keine Gramm zum Umrechnen: gib auch food_id an
must-differ-from-from-date = muss sich von from_date unterscheiden
must-differ-from-meal = muss am selben Tag eine andere Mahlzeit als die kopierte sein
required-with-to-meal = ist mit to_meal erforderlich (die Mahlzeit, die kopiert wird)
nothing-to-copy = hat keine Essenseinträge zum Kopieren
nothing-to-copy-in-meal = hat keine Einträge für { $meal } zum Kopieren
username-format = muss 3 bis 32 Zeichen aus a-z, 0-9, _ . und - haben
username-taken = ist vergeben: wähle einen anderen
username-taken-named = der Benutzername `{ $username }` ist vergeben
password-length = muss 8 bis 128 Zeichen lang sein
idempotency-key-format = muss 1 bis 255 sichtbare ASCII-Zeichen lang sein
idempotency-key-reused = wurde in den letzten 24 Stunden für eine andere Anfrage benutzt
idempotency-key-running = eine Anfrage mit diesem Idempotency-Key wird noch bearbeitet; versuche es später erneut
too-many-servings = höchstens { $max } Portionen
catalogue-read-only = Einträge des gemeinsamen Katalogs sind schreibgeschützt; lege ein eigenes Lebensmittel an
time-zone-unknown = muss eine Zeitzone der IANA-Datenbank sein, etwa `Europe/Madrid` oder `UTC`
quota-food-entries-per-day = höchstens { $limit } Essenseinträge am Tag
quota-activity-entries-per-day = höchstens { $limit } Aktivitätseinträge am Tag
quota-water-entries-per-day = höchstens { $limit } Wassereinträge am Tag
quota-custom-foods = höchstens { $limit } eigene Lebensmittel und Rezepte
quota-api-tokens = höchstens { $limit } API-Tokens
quota-saved-meals = höchstens { $limit } gespeicherte Mahlzeiten
quota-share-links = höchstens { $limit } geteilte Links
json-shape = muss ein JSON-Objekt der dokumentierten Form sein ({ $detail })
json-value = { $detail }
nutrient-key-unknown = ist kein Nährstoffschlüssel: GET /api/v1/nutrient-targets listet sie auf
min-above-max = min ({ $min }) darf nicht größer als max ({ $max }) sein
password-not-current = ist nicht das aktuelle Passwort
password-not-accounts = ist nicht das Passwort des Kontos
range-needs-from-and-to = gib `from` und `to` an
date-or-range = gib entweder `date` oder `from` und `to` an
required-or-date = ist erforderlich (oder gib `date` an)
required-with-from = ist mit `from` erforderlich

error-not-found = Diese Seite oder diesen Eintrag gibt es nicht.
error-forbidden-csrf = Das Formular war veraltet oder kam nicht von NutriNube (CSRF-Prüfung fehlgeschlagen). Geh zurück, lade die Seite neu und versuche es noch einmal.
error-unauthenticated = Melde dich an, um fortzufahren.
error-too-many-logins = Zu viele fehlgeschlagene Anmeldungen. Versuche es in { $minutes } Minuten erneut.
error-too-many-registrations = Von dieser Adresse wurden zu viele Konten angelegt. Versuche es in { $minutes } Minuten erneut.
error-busy = Der Server ist ausgelastet. Versuche es in { $seconds } Sekunden erneut.
error-too-large = Die Datei ist größer als { $max } MiB.
error-unavailable = Die Datenbank ist gerade nicht erreichbar. Versuche es gleich noch einmal.
error-internal = Ein unerwarteter Fehler ist aufgetreten.
error-title = Etwas ist schiefgelaufen ({ $status })
error-page-title = Fehler { $status }
error-back = Zurück zu heute

## Körpermaße
measurement-none-sent = gib mindestens eines dieser Maße an: { $fields }
quota-measurement-days = höchstens { $limit } Tage mit Körpermaßen

# Gespeicherte Mahlzeiten
saved-meal-items-count = muss 1 bis { $max } Einträge enthalten
nothing-to-save-in-meal = hat keine Einträge für { $meal } zum Speichern

# Rezepte.
ingredients-count = muss 1 bis { $max } Zutaten enthalten
recipe-cycle = würde das Rezept selbst enthalten: Ein Rezept kann nicht seine eigene Zutat sein, auch nicht über ein anderes Rezept
cooked-weight-too-low = muss mindestens { $min } g betragen: Die Zutaten enthalten mehr, als ein Gericht dieses Gewichts fassen kann
food-in-recipes = ist Zutat dieser Rezepte: { $recipes }. Nimm es zuerst dort heraus
recipe-edited-as-recipe = ist ein Rezept: Seine Nährstoffe kommen aus den Zutaten; ändere es mit PUT /api/v1/recipes/{ "{" }id{ "}" }
recipe-needs-catalogue-entries = enthält nur von Hand eingetragene Einträge, aus denen kein Rezept werden kann: { $entries }
import-unreadable = kann nicht importiert werden: { $problem }
import-weight-unit-needed = die Gewichte der Datei nennen ihre Einheit nicht: weight_unit=kg oder weight_unit=lb angeben
import-broke-off = das Hochladen brach ab: { $problem }
import-already-running = ein Import dieses Kontos läuft bereits: warte, bis er endet
token-password-required = ein Token anzulegen erfordert das Passwort des Kontos (`password`)
token-password-wrong = das Passwort ist nicht das aktuelle Passwort des Kontos
moment-format = muss ein Datum (wie 2027-01-31, bis einschließlich dieses Tages) oder ein Zeitpunkt in RFC 3339 sein (wie 2027-01-31T12:00:00Z)
moment-in-past = muss in der Zukunft liegen
token-scope-forbidden = dieses Token darf diese Anfrage nicht stellen (sein Bereich ist zu eng)
