{{%AUTOESCAPE context="HTML"}}
{{!
  search.tpl: the search page. Snippets come as PARTs, PLAIN or MARKED
  (the words that matched): each is escaped like any value, and only
  the template adds <mark>.
}}
<article class="page search">
<h1>{{HEADING}}</h1>
<form class="search-form" role="search" action="/search/" method="get">
<label for="search-q">Search the site</label>
<input id="search-q" name="q" type="search" value="{{QUERY}}" maxlength="200">
<button type="submit">Search</button>
</form>
{{#EMPTY}}<p>Type one or more words: pages and programs that contain all of them are listed, best matches first.</p>
{{/EMPTY}}
{{#NO_HITS}}<p class="search-none">No page or program contains all of these words. Try fewer or other words, or browse the menu.</p>
{{/NO_HITS}}
{{#HITS}}<p class="search-count" role="status">{{TOTAL}} result{{PLURAL}}, page {{PAGE}} of {{PAGES}}</p>
{{#PAST_END}}<p>There are no results on this page: the results end at page {{PAGES}}. <a href="{{FIRST}}">Go to the first page</a>.</p>
{{/PAST_END}}<ol class="search-results">
{{#HIT}}<li>
<h2><a href="{{HREF}}">{{TITLE}}</a></h2>
{{#CONTEXT}}<p class="search-context">A program on {{PAGE_TITLE}}</p>
{{/CONTEXT}}{{#SNIPPET}}<p class="search-snippet">{{#PART}}{{#PLAIN}}{{TEXT}}{{/PLAIN}}{{#MARKED}}<mark>{{TEXT}}</mark>{{/MARKED}}{{/PART}}</p>
{{/SNIPPET}}</li>
{{/HIT}}</ol>
{{#PAGING}}<nav class="search-pages" aria-label="Result pages">
{{#PREV}}<a class="search-prev" rel="prev" href="{{HREF}}">Previous page</a>
{{/PREV}}{{#NEXT}}<a class="search-next" rel="next" href="{{HREF}}">Next page</a>
{{/NEXT}}</nav>
{{/PAGING}}{{/HITS}}
</article>
