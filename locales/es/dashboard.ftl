# Hoy: la energía del día frente al objetivo, macronutrientes y comidas.

dashboard-log = Registrar comida o actividad
dashboard-calories = Calorías
dashboard-energy-left = { $unit } restantes
dashboard-energy-over = { $unit } de más
dashboard-goal = Objetivo
dashboard-eaten = Consumido
dashboard-burned = Quemado
dashboard-net = Neto
dashboard-macros = Macronutrientes
dashboard-protein = Proteínas
dashboard-fat = Grasas
dashboard-carbs = Hidratos de carbono
dashboard-gauge = { $nutrient }: { $eaten } de { $goal } gramos
dashboard-grams-left = quedan { $grams } g
dashboard-grams-over = { $grams } g de más
dashboard-by-meal = Por comida
dashboard-nothing-yet = Aún no has registrado nada hoy.
dashboard-add-first = Añade tu primera comida
