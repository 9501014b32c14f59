# The report a share link opens, and the settings section that makes links.
# $name is the link's name, as its owner typed it.
shared-title = Informe: { $name }
shared-range = Del { $from } al { $to }
shared-read-only = Un informe de solo lectura compartido por su dueño. Imprímelo o guárdalo como PDF desde el navegador.
shared-summary = Resumen
shared-logged-days = Días registrados
shared-nutrients = Nutrientes (media por día registrado)
shared-no-nutrients = No hay detalles de nutrientes en este periodo.
shared-no-weights = No hay peso en este periodo.
shared-nothing-logged = Nada registrado este día.
shared-food = Alimento
shared-grams = Gramos
shares-heading = Enlaces para compartir
shares-intro = Un enlace abre un informe de solo lectura de tu diario, sin iniciar sesión, para un entrenador o un médico. Quien tenga el enlace puede leerlo hasta que lo revoques.
shares-none = Aún no hay enlaces.
shares-name = Nombre
shares-name-prefix = El nombre{" "}
shares-from = Desde
shares-to = Hasta
shares-date-prefix = La fecha{" "}
shares-create = Crear enlace
shares-created = Enlace «{ $name }» creado. Cópialo ahora: no se vuelve a mostrar.
shares-revoke = Revocar
shares-revoke-named = Revocar el enlace { $name }
shares-whole = los últimos 30 días
shares-revoked = Enlace revocado: su página ya no existe.
