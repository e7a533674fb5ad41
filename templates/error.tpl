{{%AUTOESCAPE context="HTML"}}
{{!
  error.tpl: a page that needs no database (bad request, unavailable),
  so it is whole on its own, without the site's menus.
}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} | {{SITE_NAME}}</title>
<link rel="stylesheet" href="{{SITE_CSS}}">
</head>
<body>
<header class="site-header">
<div class="site-header__inner">
<a class="site-logo" href="/"><img src="{{LOGO}}" alt="IETF logo" width="120" height="48"></a>
</div>
</header>
<main id="content">
<article class="page">
<h1>{{TITLE}}</h1>
<p>{{MESSAGE}}</p>
<p><a href="/">Go to the home page</a></p>
</article>
</main>
</body>
</html>
