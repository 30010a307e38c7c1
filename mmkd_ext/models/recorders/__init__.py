from .module_inputs_outputs_recorder import ModuleInputsOutputsRecorder

__all__ = ['ModuleInputsOutputsRecorder']
