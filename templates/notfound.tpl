{{%AUTOESCAPE context="HTML"}}
{{! notfound.tpl: the content of the 404 page. }}
<article class="page">
<h1>Page not found</h1>
<p>There is no page at this address. It may have moved, or the link that brought you here may be mistyped.</p>
<p>Try the <a href="/">home page</a>, the menu above, or a search:</p>
<form class="search-form" role="search" action="/search/" method="get">
<label for="notfound-q">Search the site</label>
<input id="notfound-q" name="q" type="search" maxlength="200">
<button type="submit">Search</button>
</form>
</article>
