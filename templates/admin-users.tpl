{{%AUTOESCAPE context="HTML"}}
{{! admin-users.tpl: the users, their roles and the forms that change
    them (administrators only); a link to set a password, shown once.
    FILTER: the list's search, filter and order (admin-list-filter.tpl);
    NONE_FOUND: no user is let through. SIGNED_IN: when the user last
    signed in, or NEVER_SIGNED_IN. }}
<h1>Users</h1>
{{#ERROR}}<div class="error-summary" role="alert"><p>{{MESSAGE}}</p></div>
{{/ERROR}}{{#LINK}}<div class="note" role="status" data-reset-link>
<p>Send this link to {{USER}}: it sets their password, once, until {{UNTIL}}. It is shown only now, and no e-mail is sent.</p>
<div class="field">
<label for="reset-link">Link to set the password</label>
<input id="reset-link" type="text" value="{{HREF}}" readonly>
</div>
</div>
{{/LINK}}<p>Administrators do everything. Editors edit, publish, move and delete pages, programs and menu entries. Contributors create pages, unpublished, and save drafts of pages, programs and menu entries, which an editor publishes.</p>
{{>FILTER}}{{#NONE_FOUND}}<p class="list-count" role="status">No user matches this search and filter.</p>
{{/NONE_FOUND}}<div class="table-wrap">
<table class="list">
<caption class="visually-hidden">Users</caption>
<thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Two-factor</th><th scope="col">Last sign-in</th><th scope="col">Sessions</th><th scope="col">Added</th><th scope="col">Actions</th></tr></thead>
<tbody>
{{#USER}}<tr data-user="{{NAME}}"><td data-label="User" class="strong">{{NAME}}</td><td data-label="Role">{{ROLE}}</td><td data-label="Status">{{STATUS}}</td><td data-label="Two-factor">{{TOTP}}</td><td data-label="Last sign-in" class="nowrap">{{#SIGNED_IN}}<time datetime="{{AT_ISO}}">{{AT}}</time>{{/SIGNED_IN}}{{#NEVER_SIGNED_IN}}never{{/NEVER_SIGNED_IN}}</td><td data-label="Sessions">{{SESSIONS}}</td><td data-label="Added" class="nowrap"><time datetime="{{CREATED_ISO}}">{{CREATED}}</time></td><td data-label="Actions" class="actions">{{#YOU}}you (<a href="/admin/account">your account</a>){{/YOU}}{{#ACTIONS}}
<form class="inline-form" method="post" action="/admin/users">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="name" value="{{NAME}}">
<input type="hidden" name="action" value="role">
<select name="role" aria-label="Role of {{NAME}}">{{#ROLE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>{{/ROLE_OPTION}}</select>
<button type="submit">Change role</button>
</form>
<form class="inline-form" method="post" action="/admin/users">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="name" value="{{NAME}}">
{{#DISABLE}}<button type="submit" name="action" value="disable">Disable</button>{{/DISABLE}}{{#ENABLE}}<button type="submit" name="action" value="enable">Enable</button>{{/ENABLE}}
<button type="submit" name="action" value="reset">Make a password link</button>
<button type="submit" name="action" value="remove">Remove</button>
</form>
{{/ACTIONS}}</td></tr>
{{/USER}}</tbody>
</table>
</div>
<h2>Add a user</h2>
<form class="admin-form" method="post" action="/admin/users">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="action" value="add">
<div class="field">
<label for="new-name">User name</label>
<input id="new-name" name="name" type="text" value="{{NEW_NAME}}" maxlength="200" required>
</div>
<div class="field">
<label for="new-role">Role</label>
<select id="new-role" name="role">{{#NEW_ROLE}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>{{/NEW_ROLE}}</select>
</div>
<button type="submit">Add the user</button>
</form>
