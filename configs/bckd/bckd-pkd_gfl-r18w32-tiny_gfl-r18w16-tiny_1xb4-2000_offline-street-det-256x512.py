# BCKD composed with the stock detection baseline (MMRazor's PKD on the first four FPN levels,
# weight 6 each, as configs/bckd/baselines/pkd_*), as Table III composes BCKD with other KD
# methods: L_BD + L_CD + L_PKD; r(t) decays the BCKD terms only.
_base_ = ['./bckd_gfl-r18w32-tiny_gfl-r18w16-tiny_1xb4-2000_offline-street-det-256x512.py']
model = dict(distiller=dict(
    distill_losses={f'loss_pkd_fpn{i}': dict(type='PKDLoss', loss_weight=6) for i in range(4)},
    loss_forward_mappings={f'loss_pkd_fpn{i}': dict(
        preds_S=dict(from_student=True, recorder='stages', data_idx=i),
        preds_T=dict(from_student=False, recorder='stages', data_idx=i)) for i in range(4)}))
custom_hooks = [dict(type='mmrazor.DistillWeightScheduleHook', decay='linear',
                     loss_names=['loss_bd', 'loss_cd'])]
