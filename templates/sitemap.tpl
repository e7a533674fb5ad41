{{%AUTOESCAPE context="XML"}}
{{! sitemap.tpl: /sitemap.xml (sitemaps.org 0.9), escaped as XML. }}
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{{#URL}}<url><loc>{{LOC}}</loc><lastmod>{{LASTMOD}}</lastmod></url>
{{/URL}}</urlset>
