// Swagger UI from the local npm copy, reading this server's OpenAPI document (no inline script, no CDN).
"use strict";
window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  validatorUrl: null, tryItOutEnabled: false});
