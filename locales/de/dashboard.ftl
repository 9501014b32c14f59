# Heute: die Energie des Tages im Vergleich zum Ziel, Makronährstoffe und Mahlzeiten.

dashboard-log = Essen oder Aktivität eintragen
dashboard-calories = Kalorien
dashboard-energy-left = { $unit } übrig
dashboard-energy-over = { $unit } zu viel
dashboard-goal = Ziel
dashboard-eaten = Gegessen
dashboard-burned = Verbrannt
dashboard-net = Netto
dashboard-macros = Makronährstoffe
dashboard-protein = Eiweiß
dashboard-fat = Fett
dashboard-carbs = Kohlenhydrate
dashboard-gauge = { $nutrient }: { $eaten } von { $goal } Gramm
dashboard-grams-left = noch { $grams } g
dashboard-grams-over = { $grams } g zu viel
dashboard-by-meal = Nach Mahlzeit
dashboard-nothing-yet = Heute ist noch nichts eingetragen.
dashboard-add-first = Trag deine erste Mahlzeit ein
