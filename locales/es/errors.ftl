# Mensajes de validación: siguen al nombre de su campo, en minúscula.

required = es obligatorio
not-a-number = debe ser un número
must-be-between = debe estar entre { $min } y { $max }
must-be-positive = debe ser mayor que 0 (al menos { $min }) y como mucho { $max }
must-be-over-zero = debe ser mayor que 0 y como mucho { $max }
text-length = debe tener de 1 a { $max } caracteres
at-most-characters = debe tener como mucho { $max } caracteres
no-control-characters = no debe contener caracteres de control
date-format = debe ser una fecha AAAA-MM-DD, desde 1900-01-01
whole-number-range = debe ser un número entero de { $min } a { $max }
must-be-one-of = debe ser uno de { $allowed }
range-too-long = el periodo puede abarcar como mucho { $days } días
not-before-from = no debe ser anterior a `from`
not-in-future = no debe estar en el futuro
needed-for-suggestion = hace falta para una sugerencia: indícalo en el perfil
computed-from-catalogue = se calcula a partir del alimento del catálogo: déjalo vacío
amount-too-large = da { $value } de { $name }, más de los { $max } que admite una entrada
serving-count-needs-serving = va con la ración
serving-or-grams = indica quantity_g o una ración, no ambas
food-has-no-servings = este alimento no tiene raciones: indica los gramos
no-such-serving = este alimento no tiene esa ración; tiene: { $servings }
burned-too-large = da { $kcal } de kcal_burned, más de las { $max } que admite una entrada
no-such-activity = esa actividad no está en el catálogo
required-or-activity = es obligatorio (o registra desde el catálogo con activity_id)
required-for-met = es obligatorio para calcular la energía a partir de la actividad (o indica kcal_burned)
no-such-food = ese alimento no está en el catálogo
grams-or-serving-required = es obligatorio con food_id (o indica una ración)
grams-required-with-food = es obligatorio con food_id
only-from-catalogue = solo vale para entradas del catálogo (food_id)
required-or-food = es obligatorio (o registra desde el catálogo con food_id)
food-gone = el alimento ya no está en el catálogo: indica los gramos
no-grams-to-rescale = la entrada no tiene gramos que recalcular: indica también food_id
must-differ-from-from-date = debe ser distinto de from_date
must-differ-from-meal = debe ser otra comida distinta de la que se copia, en el mismo día
required-with-to-meal = es obligatorio con to_meal (la comida que copiar)
nothing-to-copy = no tiene entradas de comida que copiar
nothing-to-copy-in-meal = no tiene entradas de { $meal } que copiar
username-format = debe tener de 3 a 32 caracteres de a-z, 0-9, _ . y -
username-taken = ya está en uso: elige otro
username-taken-named = el usuario `{ $username }` ya está en uso
password-length = debe tener de 8 a 128 caracteres
idempotency-key-format = debe tener de 1 a 255 caracteres ASCII visibles
idempotency-key-reused = se usó para otra petición en las últimas 24 horas
idempotency-key-running = una petición con esta Idempotency-Key aún se está procesando; vuelve a intentarlo más tarde
too-many-servings = como mucho { $max } raciones
catalogue-read-only = los alimentos del catálogo compartido no se pueden cambiar; añade un alimento propio
time-zone-unknown = debe ser una zona horaria de la base de datos IANA, como `Europe/Madrid` o `UTC`
quota-food-entries-per-day = como mucho { $limit } entradas de comida al día
quota-activity-entries-per-day = como mucho { $limit } entradas de actividad al día
quota-water-entries-per-day = como mucho { $limit } entradas de agua al día
quota-custom-foods = como mucho { $limit } alimentos propios y recetas
quota-api-tokens = como mucho { $limit } tokens de API
quota-saved-meals = como mucho { $limit } comidas guardadas
quota-share-links = como mucho { $limit } enlaces compartidos
json-shape = debe ser un objeto JSON de la forma documentada ({ $detail })
json-value = { $detail }
nutrient-key-unknown = no es una clave de nutriente: GET /api/v1/nutrient-targets las enumera
min-above-max = min ({ $min }) no debe ser mayor que max ({ $max })
password-not-current = no es la contraseña actual
password-not-accounts = no es la contraseña de la cuenta
range-needs-from-and-to = indica `from` y `to`
date-or-range = indica `date` o bien `from` y `to`
required-or-date = es obligatorio (o indica `date`)
required-with-from = es obligatorio con `from`

error-not-found = No existe esa página o entrada.
error-forbidden-csrf = El formulario estaba caducado o no venía de NutriNube (falló la comprobación CSRF). Vuelve atrás, recarga la página e inténtalo de nuevo.
error-unauthenticated = Inicia sesión para continuar.
error-too-many-logins = Demasiados intentos fallidos. Inténtalo de nuevo dentro de { $minutes } minutos.
error-too-many-registrations = Se han creado demasiadas cuentas desde esta dirección. Inténtalo de nuevo dentro de { $minutes } minutos.
error-busy = El servidor está ocupado. Inténtalo de nuevo dentro de { $seconds } segundos.
error-too-large = El archivo supera { $max } MiB.
error-unavailable = Ahora mismo no se puede acceder a la base de datos. Inténtalo de nuevo en un momento.
error-internal = Se produjo un error inesperado.
error-title = Algo salió mal ({ $status })
error-page-title = Error { $status }
error-back = Volver a hoy

## Medidas corporales
measurement-none-sent = indica al menos una de estas medidas: { $fields }
quota-measurement-days = como mucho { $limit } días de medidas corporales

# Comidas guardadas
saved-meal-items-count = debe tener de 1 a { $max } elementos
nothing-to-save-in-meal = no tiene entradas de { $meal } que guardar

# Recetas.
ingredients-count = debe tener de 1 a { $max } ingredientes
recipe-cycle = contendría la propia receta: una receta no puede ser su propio ingrediente, ni a través de otra receta
cooked-weight-too-low = debe ser al menos { $min } g: los ingredientes contienen más de lo que cabe en un plato de ese peso
food-in-recipes = es ingrediente de estas recetas: { $recipes }. Quítalo de ellas primero
recipe-edited-as-recipe = es una receta: sus nutrientes vienen de sus ingredientes; cámbiala con PUT /api/v1/recipes/{ "{" }id{ "}" }
recipe-needs-catalogue-entries = solo tiene entradas a mano, con las que no se puede hacer una receta: { $entries }
import-unreadable = no se puede importar: { $problem }
import-weight-unit-needed = los pesos del archivo no indican su unidad: indique weight_unit=kg o weight_unit=lb
import-broke-off = la subida se interrumpió: { $problem }
import-already-running = ya hay una importación de esta cuenta en curso: espera a que termine
token-password-required = crear un token requiere la contraseña de la cuenta (`password`)
token-password-wrong = la contraseña no es la contraseña actual de la cuenta
moment-format = debe ser una fecha (como 2027-01-31, hasta ese día incluido) o un momento en RFC 3339 (como 2027-01-31T12:00:00Z)
moment-in-past = debe estar en el futuro
token-scope-forbidden = este token no puede hacer esta petición (su alcance es demasiado limitado)
