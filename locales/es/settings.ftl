# Ajustes: el perfil, la zona horaria, el idioma y las unidades, los tokens
# de la API, la contraseña, los datos y eliminar la cuenta.

settings-saved-profile = Perfil guardado.
settings-saved-preferences = Preferencias guardadas.
settings-saved-password = Contraseña cambiada. Se han cerrado tus otras sesiones.
settings-token-revoked = Token revocado.

settings-profile = Perfil
settings-sex = Sexo
settings-sex-female = Mujer
settings-sex-male = Hombre
settings-birth-date = Fecha de nacimiento
settings-height = Altura ({ $unit })
settings-weight-today = Peso de hoy ({ $unit })
settings-activity-level = Nivel de actividad
settings-level = { $level ->
    [sedentary] sedentario
    [light] ligero
    [moderate] moderado
    [active] activo
   *[very_active] muy activo
} (× { $factor })
settings-save-profile = Guardar perfil

settings-preferences = Zona horaria, idioma y unidades
settings-time-zone = Zona horaria
settings-time-zone-hint = Tu día empieza a medianoche en esta zona, p. ej. Europe/Madrid
settings-language = Idioma
settings-energy = Energía
settings-weight = Peso
settings-length = Altura
settings-save-preferences = Guardar preferencias

settings-tokens = Tokens de la API
settings-token-created = Token «{ $name }» creado. Cópialo ahora: no se volverá a mostrar.
settings-no-tokens = No tienes tokens. Los scripts y las apps usan uno como { $header }.
settings-token-dates = creado el { $created } · último uso: { $used }
settings-token-never = nunca
settings-token-date = %-d %b %Y
settings-token-time = %-d %b %Y, %H:%M
settings-revoke = Revocar
settings-revoke-named = Revocar { $name }
settings-token-name = Nombre del nuevo token
settings-token-name-prefix = El nombre{" "}
settings-token-placeholder = p. ej. móvil
settings-token-create = Crear
settings-token-scope = Puede
settings-token-scope-full = todo
settings-token-scope-read = solo leer
settings-token-scope-health = solo enviar datos de salud
settings-valid-through = Válido hasta el (opcional)
settings-valid-until = válido hasta { $date }
settings-valid-through-day = válido hasta el { $date } incluido

settings-password = Contraseña
settings-current-password = Contraseña actual
settings-current-password-prefix = Esta{" "}
settings-new-password = Nueva contraseña
settings-new-password-prefix = La nueva contraseña{" "}
settings-change-password = Cambiar la contraseña
settings-password-limited = no se puede comprobar ahora: demasiadas contraseñas incorrectas; vuelve a intentarlo en { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}

settings-your-data = Tus datos
settings-export-text = Descarga todas tus comidas, actividades y pesos.
settings-export-csv = Exportar CSV
settings-export-json = Exportar JSON
settings-delete = Eliminar la cuenta
settings-delete-password = Contraseña
settings-delete-password-prefix = La contraseña{" "}
settings-delete-submit = Eliminar mi cuenta y todos sus datos
settings-token-password-prefix = Contraseña:{" "}
