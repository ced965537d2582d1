"""The ``outcomes`` command line: Flask's CLI over the app factory, with our commands.

``outcomes --help`` lists the commands from ``web.command_index`` without building the
app, and ``outcomes <command> --help`` imports that command's module only: the app (its
database, blueprints and the rest of the domain) is built when a command runs. Flask's
options for choosing an app or an env file mean nothing here (the app is always ours,
its settings come from ``OUTCOMES_`` variables), so they are gone; ``--debug`` still works
for ``outcomes --debug run`` but is not listed.
"""

from __future__ import annotations

import copy

import click
from flask.cli import FlaskGroup

from web import create_app
from web.command_index import COMMANDS, load_command

HIDDEN_FLASK_OPTIONS = {"debug"}
DROPPED_FLASK_OPTIONS = {"app", "env_file"}


class OutcomesGroup(FlaskGroup):
    def __init__(self) -> None:
        super().__init__(
            create_app=create_app,
            add_version_option=False,
            help="Outcomes: learning reviews for public services.",
        )
        self.params = [
            _hidden(p) if p.name in HIDDEN_FLASK_OPTIONS else p
            for p in self.params
            if p.name not in DROPPED_FLASK_OPTIONS
        ]

    def list_commands(self, ctx: click.Context) -> list[str]:
        # Flask's own (run, shell, routes) and ours; an extension's commands on app.cli
        # (Flask-Limiter's `limiter`) still run when named, through get_command.
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            return load_command(name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line help, without importing any of ours."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS:
                # A stand-in with the index's help, shortened as click shortens the real one.
                command = click.Command(name, help=COMMANDS[name].help)
            else:
                command = self.commands[name]
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _hidden(param: click.Parameter) -> click.Parameter:
    # A copy: Flask's option objects are shared by every FlaskGroup.
    hidden = copy.copy(param)
    if isinstance(hidden, click.Option):
        hidden.hidden = True
    return hidden


cli = OutcomesGroup()


def main() -> None:
    cli(prog_name="outcomes")


if __name__ == "__main__":
    main()
