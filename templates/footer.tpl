{{%AUTOESCAPE context="HTML"}}
{{! footer.tpl: the footer menu, one level. }}
<nav class="footer-menu" aria-label="Footer">
<ul>
{{#ENTRY}}<li>{{>LINK}}</li>
{{/ENTRY}}</ul>
</nav>
