"""One submission life cycle for every form a province sends to the centre (Form 2, Form 3):
draft → submitted → accepted, or returned for correction and sent again; an accepted one reopened.

- `models`: the states, the abstract model with the review fields, its queryset and constraint;
- `services.Lifecycle`: submit, accept, return, reopen (locks, permissions, Thai refusals, the
  province told after a review);
- `views`: the page actions, with `templates/submissions/_lifecycle.html`;
- `api`: the API's endpoints for the four transitions.

Not an app: no table of its own, only what the forms' apps inherit and call.
"""
