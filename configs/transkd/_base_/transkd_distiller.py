# TransKD-Base's distiller without the channel widths of a pair: recorders, CSF + HCL on the
# stage maps and PEA + MSE on the patch embeddings (Eq. 3). A root config adds the CSF and
# PEA connectors of its pair: distiller=dict(transkd_distiller, connectors=dict(csf=...,
# pe1=..., ..., pe4=...)).
embed_weights = [0.1, 0.1, 0.5, 1.0]  # alpha of Eq. (3)
# stage maps: the backbone's output list; patch embeddings: (tokens, hw) of layers.i.0
recorders = dict(
    stages=dict(type='ModuleOutputs', source='backbone'),
    **{f'embed{i}': dict(type='ModuleOutputs', source=f'backbone.layers.{i - 1}.0')
       for i in range(1, 5)})
transkd_distiller = dict(
    type='LabelAwareDistiller',
    student_recorders=recorders,
    teacher_recorders=recorders,
    distill_losses=dict(
        loss_hcl=dict(type='HierarchicalContextLoss', stage_weights=[1, 1, 1, 1]),
        **{f'loss_embed{i}': dict(type='PatchEmbeddingLoss', loss_weight=embed_weights[i - 1])
           for i in range(1, 5)}),
    loss_forward_mappings=dict(
        loss_hcl=dict(
            preds_S=dict(from_student=True, recorder='stages', connector='csf'),
            preds_T=dict(from_student=False, recorder='stages')),
        **{f'loss_embed{i}': dict(
            preds_S=dict(from_student=True, recorder=f'embed{i}', data_idx=0,
                         connector=f'pe{i}'),
            preds_T=dict(from_student=False, recorder=f'embed{i}', data_idx=0))
           for i in range(1, 5)}))

find_unused_parameters = True
