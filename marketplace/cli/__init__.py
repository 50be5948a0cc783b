"""`flask` commands: init-db, seed-demo, create-user, reindex, index …, match …, api-token …,
uploads sweep, subsidy estimate, notify due, mail send, experts add / conflict / close-publicity,
evaluation compute."""


def register(app) -> None:
    from marketplace.cli.api import api_token
    from marketplace.cli.data import data_commands
    from marketplace.cli.evaluation import evaluation
    from marketplace.cli.experts import experts
    from marketplace.cli.index import index
    from marketplace.cli.match import match
    from marketplace.cli.notify import mail, notify
    from marketplace.cli.subsidy import subsidy
    from marketplace.cli.uploads import uploads

    for command in data_commands:
        app.cli.add_command(command)
    app.cli.add_command(match)
    app.cli.add_command(index)
    app.cli.add_command(api_token)
    app.cli.add_command(uploads)
    app.cli.add_command(subsidy)
    app.cli.add_command(notify)
    app.cli.add_command(mail)
    app.cli.add_command(experts)
    app.cli.add_command(evaluation)
