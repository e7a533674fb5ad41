{{%AUTOESCAPE context="HTML"}}
{{!
  layout.tpl: every public page. TITLE and DESCRIPTION describe the page;
  CONTENT is an included template. MAIN_MENU and FOOTER_MENU are HTML
  that render.c expanded from menu.tpl and footer.tpl and keeps with the
  menus (menu-cache.c), passed as trusted HTML: see template.cc.
  CANONICAL: the page's absolute address (canonical link, og:url).
  BREADCRUMB_LIST: the page's breadcrumb as schema.org JSON-LD; :o is
  ctemplate's JSON escaping (\u003C for "<", so neither "</script>" nor
  "<!--" in a title ends or changes the script element).
  PREVIEW: a draft shown through a preview link, not the live page: a
  banner says so, and no referrer (the link) goes on to other pages.
}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} | {{SITE_NAME}}</title>
{{#NOINDEX}}<meta name="robots" content="noindex">
{{/NOINDEX}}{{#PREVIEW}}<meta name="referrer" content="no-referrer">
{{/PREVIEW}}{{#DESCRIPTION}}<meta name="description" content="{{TEXT}}">
<meta property="og:description" content="{{TEXT}}">
{{/DESCRIPTION}}{{#CANONICAL}}<link rel="canonical" href="{{HREF}}">
<meta property="og:url" content="{{HREF}}">
{{/CANONICAL}}<meta property="og:title" content="{{TITLE}}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{{SITE_NAME}}">
{{#BREADCRUMB_LIST}}<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{{#ITEM}}{"@type":"ListItem","position":{{POSITION}},"name":"{{NAME:o}}","item":"{{URL:o}}"}{{#ITEM_separator}},{{/ITEM_separator}}{{/ITEM}}]}</script>
{{/BREADCRUMB_LIST}}<link rel="stylesheet" href="{{SITE_CSS}}">
<link rel="icon" href="{{LOGO}}" type="image/svg+xml">
<script src="{{SITE_JS}}" defer></script>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
{{#PREVIEW}}<p class="preview-banner" role="note"><strong>Preview, not live.</strong> This is a draft; visitors see the published page.</p>
{{/PREVIEW}}<header class="site-header">
<div class="site-header__inner">
<a class="site-logo" href="/"><img src="{{LOGO}}" alt="IETF logo" width="120" height="48"></a>
<form class="site-search" role="search" action="/search/" method="get">
<label class="visually-hidden" for="site-search-q">Search the site</label>
<input id="site-search-q" name="q" type="search" placeholder="Search" maxlength="200">
<button type="submit">Search</button>
</form>
<a class="menu-toggle" href="#site-menu">Menu</a>
</div>
{{MAIN_MENU:none}}
</header>
<main id="content" tabindex="-1">
{{>CONTENT}}
</main>
<footer class="site-footer">
{{FOOTER_MENU:none}}
</footer>
</body>
</html>
