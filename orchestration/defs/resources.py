"""Resources shared by every step: settings and the dbt CLI."""

import dagster as dg

from arrears.dbt_manifest import dbt_command
from arrears.settings import Settings
from orchestration.project import ArrearsDbtCliResource, arrears_dbt_project


class ArrearsSettings(dg.ConfigurableResource):
    """Paths and options; empty fields fall back to ARREARS_* variables, then defaults."""

    landing: str | None = None
    warehouse: str | None = None

    def resolve(self) -> Settings:
        settings = Settings.from_env(self.landing, self.warehouse)
        settings.export_to_env()
        return settings


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "settings": ArrearsSettings(),
            "dbt": ArrearsDbtCliResource(
                project_dir=arrears_dbt_project, dbt_executable=dbt_command()
            ),
        }
    )
