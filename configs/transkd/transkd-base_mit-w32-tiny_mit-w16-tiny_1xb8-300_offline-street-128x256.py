# TransKD-Base (CSF + HCL on stage maps, PEA + MSE on patch embeddings), tiny MiT pair,
# offline street data. The teacher checkpoint comes from training the teacher config.
_base_ = ['../tiny/segformer_mit-w16-tiny_1xb8-300_offline-street-128x256.py']
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

teacher_cfg = 'mmkd_ext::tiny/segformer_mit-w32-tiny_1xb8-300_offline-street-128x256.py'
teacher_ckpt = 'work_dirs/segformer_mit-w32-tiny_1xb8-300_offline-street-128x256/iter_300.pth'
student_dims = [16, 32, 80, 128]
teacher_dims = [32, 64, 160, 256]
embed_weights = [0.1, 0.1, 0.5, 1.0]  # alpha of Eq. (3)

# stage maps: the backbone's output list; patch embeddings: (tokens, hw) of layers.i.0
recorders = dict(
    stages=dict(type='ModuleOutputs', source='backbone'),
    **{f'embed{i}': dict(type='ModuleOutputs', source=f'backbone.layers.{i - 1}.0')
       for i in range(1, 5)})
model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=teacher_ckpt,
    distiller=dict(
        type='LabelAwareDistiller',
        student_recorders=recorders,
        teacher_recorders=recorders,
        connectors=dict(
            csf=dict(type='TransKDCSFConnector', in_channels=student_dims,
                     out_channels=teacher_dims, mid_channels=64),
            **{f'pe{i}': dict(type='TransKDPEAConnector', student_channels=student_dims[i - 1],
                              teacher_channels=teacher_dims[i - 1]) for i in range(1, 5)}),
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
               for i in range(1, 5)})))

find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
