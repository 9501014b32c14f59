# Recipes: the list, a new recipe and the editor. Names of foods are
# data; $energy comes with its unit.

title-recipes = Recipes
recipes-yours = Your recipes
recipes-none = No recipe yet. Start one here, or save a meal of the diary as a recipe.
recipes-new = New recipe
recipes-all = All recipes
recipe-name = Name
recipe-servings = Servings
recipe-first-ingredient = First ingredient
recipe-create = Create
recipe-per-serving = Per serving
recipe-per-100g = Per 100 g
recipe-total = Whole recipe
recipe-ingredients = Ingredients
recipe-change = Change
recipe-remove = Take out
recipe-details = Name and servings
recipe-cooked-weight = Weight after cooking (g, optional)
recipe-save = Save
recipe-delete = Delete recipe
recipe-add-ingredient = Add an ingredient
recipes-link = Recipes
recipe-from-meal = Save a meal as a recipe
recipe-from-meal-button = Save as recipe
recipe-meal = Meal
recipes-summary = { $servings } servings · { $energy } a serving
recipe-amounts = { $energy } · P { $protein } g · F { $fat } g · C { $carbs } g
recipe-weight = Ingredients: { $grams } g
recipe-amount-in = Amount ({ $unit })
recipe-start-with = Create the recipe with { $name }
recipe-change-named = Change the amount of { $name }
recipe-remove-named = Take { $name } out of the recipe
recipe-add-named = Add { $name } to the recipe
