"""dagster-dask's executor, with the run handed to Dask in a form Dask does not take apart.

dagster-dask submits each step with the `DagsterRun` (and the job and known
state) as plain arguments. Dask walks through tuple arguments looking for
futures; Dagster's runs are tuples that hold `@record`s, and a partitioned run
holds one (`KeyRangesPartitionsSubset`) that refuses to be iterated, so every
partitioned run fails before a step starts (dagster-dask 0.29 with any dask
since 2023). This executor is dagster-dask's, with those arguments pickled
into bytes for the trip and unpickled on the worker; the cluster, its
configuration and the step sequencing are dagster-dask's own.
"""

from __future__ import annotations

import pickle
from functools import cache

from dagster import DagsterEvent, Field, Permissive, Selector, StringSource, executor

# The configuration dagster-dask's executor takes, for the two clusters this
# project runs on. Declared here so that loading the definitions does not
# import Dask (over a second of every start-up); Dask is imported when a run
# on it starts.
CLUSTER_CONFIG = {
    "cluster": Field(
        Selector({
            "existing": Field({"address": Field(StringSource, description="The Dask scheduler, host:port.")}),
            "local": Field(Permissive(), description="A LocalCluster's arguments (n_workers, threads_per_worker, ...)."),
        }),
    )
}


def run_steps_on_worker(dependencies, packed: bytes) -> list[DagsterEvent]:
    """On a Dask worker: unpack the run and execute its steps (dagster-dask's query_on_dask_worker)."""
    from dagster._core.execution.api import create_execution_plan, execute_plan
    from dagster._core.instance import DagsterInstance

    recon_job, dagster_run, run_config, step_keys, instance_ref, known_state = pickle.loads(packed)
    with DagsterInstance.from_ref(instance_ref) as instance:
        subset_job = recon_job.get_subset(op_selection=dagster_run.resolved_op_selection)
        plan = create_execution_plan(subset_job, run_config=run_config, step_keys_to_execute=step_keys,
                                     known_state=known_state)
        return list(execute_plan(plan, subset_job, instance, dagster_run, run_config=run_config))


@cache
def record_safe_executor_class():
    """dagster-dask's DaskExecutor, sending each step's arguments as bytes (built on first use)."""
    import dask.distributed
    from dagster._core.errors import raise_execution_interrupts
    from dagster._core.execution.context.system import PlanOrchestrationContext
    from dagster._core.execution.plan.plan import ExecutionPlan
    from dagster._core.execution.retries import RetryMode
    from dagster._utils import iterate_with_context
    from dagster_dask.executor import DaskExecutor, get_dask_resource_requirements

    class RecordSafeDaskExecutor(DaskExecutor):
        @property
        def retries(self):
            return RetryMode.DISABLED

        def execute(self, plan_context: PlanOrchestrationContext, execution_plan: ExecutionPlan):
            if not plan_context.instance.is_persistent:
                raise ValueError("Dask execution requires a persistent DagsterInstance (set DAGSTER_HOME)")
            if self.cluster_type == "existing":
                cluster = self.cluster_configuration["address"]
            elif self.cluster_type == "local":
                cluster = dask.distributed.LocalCluster(**self.build_dict(plan_context.job_name))
            else:
                raise ValueError(f"cluster {self.cluster_type!r}: use 'existing' (a scheduler address) or 'local'")

            with dask.distributed.Client(cluster) as client:
                futures, by_key = [], {}
                for level in execution_plan.get_steps_to_execute_by_level():
                    for step in level:
                        dependencies = [by_key[key] for step_input in step.step_inputs for key in step_input.dependency_keys]
                        packed = pickle.dumps((
                            plan_context.reconstructable_job, plan_context.dagster_run, plan_context.run_config,
                            [step.key], plan_context.instance.get_ref(), execution_plan.known_state,
                        ))
                        future = client.submit(
                            run_steps_on_worker, dependencies, packed,
                            key=f"{plan_context.job_name}.{step.key}.{plan_context.run_id}",
                            resources=get_dask_resource_requirements(step.tags),
                        )
                        futures.append(future)
                        by_key[step.key] = future
                results = dask.distributed.as_completed(futures, with_results=True)
                for _future, events in iterate_with_context(raise_execution_interrupts, results):
                    yield from events

    return RecordSafeDaskExecutor


@executor(name="dask", config_schema=CLUSTER_CONFIG)
def record_safe_dask_executor(init_context):
    """dagster-dask's executor (same configuration: cluster.existing.address or cluster.local), safe for partitioned runs."""
    ((cluster_type, cluster_configuration),) = init_context.executor_config["cluster"].items()
    return record_safe_executor_class()(cluster_type, cluster_configuration)
