# El diario de un día y las páginas que editan sus entradas.

diary-today = Hoy
diary-day-nav = Día
diary-previous-day = Día anterior
diary-previous = Anterior
diary-next-day = Día siguiente
diary-next = Siguiente
diary-go-to-date = Ir a la fecha
diary-go = Ir

diary-eaten = Comido
diary-burned = Quemado
diary-net = Neto
diary-left = Quedan
diary-over = Te pasas

diary-nothing-yet = Nada todavía.
diary-activities = Actividades
diary-burned-total = { $energy } { $unit } { $unit ->
        [kJ] quemados
       *[other] quemadas
    }
diary-no-activity = Ninguna actividad registrada.

diary-add-food = Añadir comida
diary-add-activity = Añadir actividad
diary-add-by-hand = Añadir a mano
diary-search = Buscar
diary-add = Añadir
diary-add-named = Añadir { $name }

entry-edit = Editar
entry-edit-named = Editar { $name }
entry-delete = Borrar
entry-delete-named = Borrar { $name }
# Proteínas, grasas e hidratos de carbono, en gramos.
entry-macros = P { $protein } · G { $fat } · HC { $carbs } g

# Los mensajes dicen "es obligatorio": el prefijo, en masculino.
entry-name = Nombre
entry-prefix-name = El nombre{" "}
entry-meal = Comida
entry-date = Fecha
entry-prefix-date = El campo Fecha{" "}
entry-calories = { $unit ->
        [kJ] Energía
       *[other] Calorías
    } ({ $unit })
entry-protein = Proteínas (g)
entry-fat = Grasas (g)
entry-carbs = Hidratos (g)
entry-quantity = Cantidad (g)
entry-prefix-quantity = El campo Cantidad{" "}
entry-quantity-hint = Los nutrientes se recalculan según la nueva cantidad.
entry-save = Guardar
entry-cancel = Cancelar

# El catálogo está en inglés.
food-search-label = Buscar en el catálogo de alimentos
food-search-placeholder = en inglés, p. ej. apple, oats, chicken breast
food-no-match = Ningún alimento coincide con «{ $query }».
food-kind-brand = Marca
food-per-100g = { $energy } { $unit } · P { $protein } · G { $fat } · HC { $carbs } por 100 g
food-amount = Cantidad
food-prefix-amount = El campo Cantidad{" "}
food-unit = Unidad
food-unit-grams = gramos
food-serving-choice = × { $serving } ({ $grams } g)
food-recent = Recientes
food-recent-add = Añadir { $amount } de { $name } { $meal ->
        [breakfast] al desayuno
        [lunch] al almuerzo
        [dinner] a la cena
       *[snack] a los tentempiés
    }
food-add-submit = Añadir comida

activity-search-label = Buscar actividades
activity-search-placeholder = en inglés, p. ej. running, cycling, yoga
activity-no-match = Ninguna actividad coincide con «{ $query }».
activity-name = Actividad
activity-prefix-name = El nombre{" "}
activity-minutes = Minutos
activity-prefix-minutes = El tiempo{" "}
activity-burned = { $unit ->
        [kJ] Quemados
       *[other] Quemadas
    } ({ $unit })
activity-prefix-burned = El gasto{" "}
activity-computed-hint = Calculado a partir de la actividad y tu peso; cambia con la duración salvo que escribas tú una cifra.
activity-add-submit = Añadir actividad

# Agua (en ml con cualquier unidad).
diary-water = Agua
diary-water-total = { $drunk } de { $goal } ml
diary-water-none = Aún no has bebido agua.
diary-water-add-named = Añadir { $amount } de agua
diary-water-amount = Cantidad (ml)

# Añadido rápido: una comida a mano sin nombre se guarda como «Quick add» y
# se muestra con este nombre.
food-quick-add = Añadido rápido
food-name-hint = Opcional: si lo dejas vacío, se registra solo la cifra, como «Añadido rápido».
activity-minutes-optional = Minutos (opcional)

# Copiar una comida del día en otra.
diary-copy-meal = Copiar una comida
diary-copy-from = Copiar
diary-copy-to = en
diary-copy-prefix-from = Copiar:{" "}
diary-copy-prefix-to = En:{" "}
diary-copy-submit = Copiar comida
diary-copy-nothing = no tiene nada que copiar

# Comidas guardadas
title-saved-meals = Comidas guardadas
diary-saved-meals = Comidas guardadas
diary-saved-none = Aún no hay comidas guardadas: guarda abajo una comida del día.
diary-saved-into = Comida en la que añadir { $name }
diary-saved-log = Añadir
diary-saved-log-named = Añadir { $name }
diary-saved-which = Comida que guardar
diary-saved-name = Nombre
diary-saved-save = Guardar comida
diary-saved-manage = Renombrar o eliminar comidas guardadas
saved-meals-none = Aún no hay comidas guardadas: guarda una comida desde el diario.
saved-meals-new-name = Nombre
saved-meals-rename = Renombrar
