# Response KD (Hinton et al., Table II baseline): KL divergence between the softened
# teacher and student logits (1/4 resolution), averaged over all pixels.
_base_ = ['./transkd-base_mit-b2_mit-b0_1xb2-1488k_cityscapes-512x1024.py']

logits = dict(logits=dict(type='ModuleOutputs', source='decode_head.conv_seg'))
model = dict(
    distiller=dict(
        _delete_=True,
        type='LabelAwareDistiller',
        student_recorders=logits,
        teacher_recorders=logits,
        distill_losses=dict(
            loss_kd=dict(type='MaskedPixelKLDivergence', tau=1.0, loss_weight=1.0)),
        loss_forward_mappings=dict(
            loss_kd=dict(
                preds_S=dict(from_student=True, recorder='logits'),
                preds_T=dict(from_student=False, recorder='logits')))))
