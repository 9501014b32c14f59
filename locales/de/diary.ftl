# Das Tagebuch eines Tages und die Seiten, die seine Einträge bearbeiten.

diary-today = Heute
diary-day-nav = Tag
diary-previous-day = Vorheriger Tag
diary-previous = Zurück
diary-next-day = Nächster Tag
diary-next = Weiter
diary-go-to-date = Zum Datum
diary-go = OK

diary-eaten = Gegessen
diary-burned = Verbrannt
diary-net = Netto
diary-left = Übrig
diary-over = Zu viel

diary-nothing-yet = Noch nichts.
diary-activities = Aktivitäten
diary-burned-total = { $energy } { $unit } verbrannt
diary-no-activity = Keine Aktivität eingetragen.

diary-add-food = Essen eintragen
diary-add-activity = Aktivität eintragen
diary-add-by-hand = Von Hand eintragen
diary-search = Suchen
diary-add = Eintragen
diary-add-named = { $name } hinzufügen

entry-edit = Bearbeiten
entry-edit-named = { $name } bearbeiten
entry-delete = Löschen
entry-delete-named = { $name } löschen
# Eiweiß, Fett und Kohlenhydrate in Gramm.
entry-macros = E { $protein } · F { $fat } · KH { $carbs } g

entry-name = Name
entry-prefix-name = Der Name{" "}
entry-meal = Mahlzeit
entry-date = Datum
entry-prefix-date = Das Datum{" "}
entry-calories = { $unit ->
        [kJ] Energie
       *[other] Kalorien
    } ({ $unit })
entry-protein = Eiweiß (g)
entry-fat = Fett (g)
entry-carbs = Kohlenhydrate (g)
entry-quantity = Menge (g)
entry-prefix-quantity = Die Menge{" "}
entry-quantity-hint = Die Nährwerte werden auf die neue Menge umgerechnet.
entry-save = Speichern
entry-cancel = Abbrechen

# Der Katalog ist englisch.
food-search-label = Im Lebensmittelkatalog suchen
food-search-placeholder = auf Englisch, z. B. apple, oats, chicken breast
food-no-match = Kein Lebensmittel passt zu „{ $query }“.
food-kind-brand = Marke
food-per-100g = { $energy } { $unit } · E { $protein } · F { $fat } · KH { $carbs } je 100 g
food-amount = Menge
food-prefix-amount = Die Menge{" "}
food-unit = Einheit
food-unit-grams = Gramm
food-serving-choice = × { $serving } ({ $grams } g)
food-recent = Zuletzt gegessen
food-recent-add = { $amount } { $name } zum { $meal ->
        [breakfast] Frühstück
        [lunch] Mittagessen
        [dinner] Abendessen
       *[snack] Snack
    } hinzufügen
food-add-submit = Eintragen

activity-search-label = Aktivitäten suchen
activity-search-placeholder = auf Englisch, z. B. running, cycling, yoga
activity-no-match = Keine Aktivität passt zu „{ $query }“.
activity-name = Aktivität
activity-prefix-name = Der Name{" "}
activity-minutes = Minuten
activity-prefix-minutes = Die Dauer{" "}
activity-burned = Verbrannt ({ $unit })
activity-prefix-burned = Der Verbrauch{" "}
activity-computed-hint = Aus der Aktivität und deinem Gewicht berechnet; folgt einer neuen Dauer, außer du trägst selbst einen Wert ein.
activity-add-submit = Eintragen

# Wasser (in ml bei jeder Einheit).
diary-water = Wasser
diary-water-total = { $drunk } von { $goal } ml
diary-water-none = Noch kein Wasser getrunken.
diary-water-add-named = { $amount } Wasser eintragen
diary-water-amount = Menge (ml)

# Schnelleintrag: ein Essen von Hand ohne Namen wird als „Quick add“
# gespeichert und unter diesem Namen gezeigt.
food-quick-add = Schnelleintrag
food-name-hint = Optional: Lässt du es leer, wird nur die Zahl als „Schnelleintrag“ eingetragen.
activity-minutes-optional = Minuten (optional)

# Eine Mahlzeit des Tages in eine andere kopieren.
diary-copy-meal = Mahlzeit kopieren
diary-copy-from = Kopieren
diary-copy-to = nach
diary-copy-prefix-from = Kopieren:{" "}
diary-copy-prefix-to = Nach:{" "}
diary-copy-submit = Mahlzeit kopieren
diary-copy-nothing = hat nichts zum Kopieren

# Gespeicherte Mahlzeiten
title-saved-meals = Gespeicherte Mahlzeiten
diary-saved-meals = Gespeicherte Mahlzeiten
diary-saved-none = Noch keine gespeicherten Mahlzeiten: speichere unten eine Mahlzeit des Tages.
diary-saved-into = Mahlzeit, in die { $name } eingetragen wird
diary-saved-log = Eintragen
diary-saved-log-named = { $name } eintragen
diary-saved-which = Zu speichernde Mahlzeit
diary-saved-name = Name
diary-saved-save = Mahlzeit speichern
diary-saved-manage = Gespeicherte Mahlzeiten umbenennen oder löschen
saved-meals-none = Noch keine gespeicherten Mahlzeiten: speichere eine Mahlzeit im Tagebuch.
saved-meals-new-name = Name
saved-meals-rename = Umbenennen
