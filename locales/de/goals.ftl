# Ziele: das Formular der Tagesziele und der Vorschlag aus dem Profil.

goals-saved = Ziele gespeichert.
goals-daily = Tagesziele
goals-field-calories = Kalorien ({ $unit })
goals-field-protein = Eiweiß (g)
goals-field-fat = Fett (g)
goals-field-carbs = Kohlenhydrate (g)
goals-field-water = Wasser (ml)
goals-save = Ziele speichern
goals-suggested = Vorschlag aus deinem Profil
goals-calories = Kalorien
goals-protein = Eiweiß
goals-fat = Fett
goals-carbs = Kohlenhydrate
goals-resting-rate = Aus einem Grundumsatz von
goals-resting-value = { $energy } × { $factor }
goals-method = Grundumsatz nach Mifflin–St Jeor × Aktivitätsfaktor; 25 % Eiweiß, 30 % Fett, 45 % Kohlenhydrate.
goals-use = Diese Ziele übernehmen
goals-missing = Für einen Vorschlag ergänze in deinem { $profile }: { $fields }.
goals-profile-link = Profil
goals-needs-sex = Geschlecht
goals-needs-birth-date = Geburtsdatum
goals-needs-height = Größe
goals-needs-weight = Gewicht
goals-needs-activity-level = Aktivitätsniveau
