{{%AUTOESCAPE context="HTML"}}
{{!
  admin-layout.tpl: every admin page. CSRF_TOKEN is a template-global
  value, so every included form can carry it. Signed in, the page loads
  admin.js, which reads the user and the seconds left of the session
  from the logout form (its idle warning, and each edit form's copy in
  the browser). EDITOR and ADMINISTRATOR show the links of those roles.
}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} | Admin | {{SITE_NAME}}</title>
<link rel="stylesheet" href="/static/admin.css">
{{#LOGGED_IN}}<script src="/static/admin.js" defer></script>
{{/LOGGED_IN}}</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="admin-header">
<a class="admin-brand" href="/admin/">{{SITE_NAME}} admin</a>
{{#LOGGED_IN}}<nav class="admin-nav" aria-label="Admin">
<ul>
<li><a href="/admin/">Dashboard</a></li>
{{#EDITOR}}<li><a href="/admin/menus">Menus</a></li>
{{/EDITOR}}<li><a href="/admin/pages">Pages</a></li>
{{#EDITOR}}<li><a href="/admin/files">Files</a></li>
{{/EDITOR}}{{#ADMINISTRATOR}}<li><a href="/admin/redirects">Redirects</a></li>
<li><a href="/admin/users">Users</a></li>
{{/ADMINISTRATOR}}{{#EDITOR}}<li><a href="/admin/deleted">Recently deleted</a></li>
{{/EDITOR}}<li><a href="/admin/audit">Latest changes</a></li>
<li><a href="/">View site</a></li>
</ul>
</nav>
<form class="admin-logout" method="post" action="/admin/logout" data-user="{{USERNAME}}" data-session-left="{{SESSION_LEFT}}">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<a class="admin-user" href="/admin/account" title="Your account ({{ROLE}})">{{USERNAME}}</a>
<button type="submit">Log out</button>
</form>
{{/LOGGED_IN}}</header>
<main id="content" class="admin-main" tabindex="-1">
{{#CONFIRMATION}}<div class="note" role="status" data-change-done><p>{{TEXT}}{{#VIEW}} <a href="{{HREF}}">View on site</a>{{/VIEW}}</p></div>
{{/CONFIRMATION}}{{>CONTENT}}
</main>
</body>
</html>
