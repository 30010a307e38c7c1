import torch
from mmseg.models.backbones import MixVisionTransformer

from mmkd_ext.models import ModuleInputsOutputsRecorder


def test_records_patch_embedding_input_and_output():
    torch.manual_seed(0)
    backbone = MixVisionTransformer(embed_dims=8, num_layers=[1, 1, 1, 1]).eval()
    rec1 = ModuleInputsOutputsRecorder('layers.0.0')
    rec2 = ModuleInputsOutputsRecorder('layers.1.0')
    rec1.initialize(backbone)
    rec2.initialize(backbone)
    x = torch.randn(1, 3, 64, 64)
    with rec1, rec2:
        outs = backbone(x)
    (img, ), (tokens1, hw1) = rec1.get_record_data()
    (map1, ), (tokens2, hw2) = rec2.get_record_data()
    assert torch.equal(img, x)
    assert torch.equal(map1, outs[0])  # stage 2 embeds the stage-1 output map
    assert tuple(hw1) == (16, 16) and tokens1.shape == (1, 256, 8)
    assert tuple(hw2) == (8, 8) and tokens2.shape == (1, 64, 16)
    backbone(x)  # outside the context nothing is recorded
    assert len(rec1.data_buffer) == 1
