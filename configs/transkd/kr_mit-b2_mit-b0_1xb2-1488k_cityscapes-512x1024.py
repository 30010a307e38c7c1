# Knowledge Review (Table II baseline): ABF review chain + HCL on the stage maps, no patch
# embedding distillation. Same teacher, student and protocol as TransKD-Base.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']

stages = dict(stages=dict(type='ModuleOutputs', source='backbone'))
model = dict(
    distiller=dict(
        _delete_=True,
        type='LabelAwareDistiller',
        student_recorders=stages,
        teacher_recorders=stages,
        connectors=dict(
            abf=dict(type='KnowledgeReviewABFConnector', in_channels=_base_.student_dims,
                     out_channels=_base_.teacher_dims, mid_channels=64)),
        distill_losses=dict(loss_hcl=dict(type='HierarchicalContextLoss')),
        loss_forward_mappings=dict(
            loss_hcl=dict(
                preds_S=dict(from_student=True, recorder='stages', connector='abf'),
                preds_T=dict(from_student=False, recorder='stages')))))
