{{%AUTOESCAPE context="HTML"}}
{{!
  moved.tpl: what a static export has at an old address (of a page that
  moved, or that leads to a web address): the live site answers with
  the redirect's status there, a static copy sends the browser on.
}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved | {{SITE_NAME}}</title>
<link rel="canonical" href="{{TARGET}}">
<meta http-equiv="refresh" content="0; url={{TARGET}}">
</head>
<body>
<p>This page has moved to <a href="{{TARGET}}">{{TARGET}}</a>.</p>
</body>
</html>
