"""LHD of benchmark rows across invocations: cached values and per-invocation pairing."""
import json
import os

from conftest import load_analysis_tool

STUDENT, KD, CD = 'student PSPNet-R18w16', 'KD: DeepLabV3 -> PSPNet', 'BCKD L_CD only'


def checkpoint(path, size, mtime):
    path.write_bytes(b'x' * size)
    os.utime(path, (mtime, mtime))
    return str(path)


def results(path, rows):
    path.write_text(json.dumps(dict(rows=[
        dict(name=name, baseline=None if name == STUDENT else STUDENT, seeds=[1],
             checkpoints=[ckpt]) for name, ckpt in rows.items()])))
    return str(path)


def test_runs_of_an_earlier_invocation_keep_their_value_and_their_student(tmp_path):
    tool = load_analysis_tool('boundary_benchmark')
    values, measured = {}, []

    def evaluate(path, radius):
        measured.append(os.path.basename(path))
        return values[os.path.basename(path)]
    tool.evaluate = evaluate
    out = str(tmp_path / 'lhd')
    student = tmp_path / 'student.pth'  # same run key, hence same path, in every invocation
    # invocation 1: the student, then a KD run of the same seed
    values.update({'student.pth': 2.0, 'kd.pth': 1.8})
    first = {STUDENT: checkpoint(student, 1, 1000), KD: checkpoint(tmp_path / 'kd.pth', 2, 2000)}
    tool.main(['--results', results(tmp_path / 'r1.json', first), '--out', out])
    # invocation 2, on a new machine: the KD run's checkpoint is gone, the student seed is
    # trained again (another file), then another KD row
    os.remove(tmp_path / 'kd.pth')
    measured.clear()
    values.update({'student.pth': 2.1, 'cd.pth': 1.9})
    second = dict(first, **{STUDENT: checkpoint(student, 3, 3000),
                            CD: checkpoint(tmp_path / 'cd.pth', 4, 4000)})
    rows = {r['name']: r for r in tool.main(
        ['--results', results(tmp_path / 'r2.json', second), '--out', out])['rows']}
    assert sorted(measured) == ['cd.pth', 'student.pth']  # the KD run is read back
    assert rows[STUDENT]['lhd'] == [2.1] and rows[KD]['lhd'] == [1.8]
    assert rows[KD]['paired_delta'] == [1.8 - 2.0]  # the student of its own invocation
    assert rows[CD]['paired_delta'] == [1.9 - 2.1]
