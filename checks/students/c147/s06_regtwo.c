/* Backward pass for the 2-layer net.
 * Author's note: matrices are walked with pointers, row r of A starts at
 * A->data + r * A->tda.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N, D, H, C;
    int i, j, k;
    double *out, *row;
    const double *pr, *zr, *w;
    double acc;

    N = (int) X->size1;
    D = (int) net->D;
    H = (int) net->H;
    C = (int) net->C;

    /* dz2 */
    for (i = 0; i < N; i++) {
        pr = cache->prob->data + i * cache->prob->tda;
        out = g->dz2->data + i * g->dz2->tda;
        for (k = 0; k < C; k++) {
            out[k] = pr[k];
            if (k == (int) y[i])
                out[k] -= 1.0;
            out[k] /= N;
        }
    }

    /* dW2: data part p1^T dz2, then the regularisation.
       d/dW (reg * W^2) = reg * W */
    for (j = 0; j < H; j++) {
        out = g->dW2->data + j * g->dW2->tda;
        w = net->W2->data + j * net->W2->tda;
        for (k = 0; k < C; k++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += cache->p1->data[i * cache->p1->tda + j]
                       * g->dz2->data[i * g->dz2->tda + k];
            out[k] = acc + reg * w[k];
        }
    }

    /* db2 */
    for (k = 0; k < C; k++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz2->data[i * g->dz2->tda + k];
        g->db2->data[k * g->db2->stride] = acc;
    }

    /* dp1 */
    for (i = 0; i < N; i++) {
        row = g->dp1->data + i * g->dp1->tda;
        pr = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < H; j++) {
            w = net->W2->data + j * net->W2->tda;
            acc = 0.0;
            for (k = 0; k < C; k++)
                acc += pr[k] * w[k];
            row[j] = acc;
        }
    }

    /* dz1 */
    for (i = 0; i < N; i++) {
        row = g->dz1->data + i * g->dz1->tda;
        zr = cache->z1->data + i * cache->z1->tda;
        pr = g->dp1->data + i * g->dp1->tda;
        for (j = 0; j < H; j++)
            row[j] = zr[j] > 0.0 ? pr[j] : 0.0;
    }

    /* dW1 */
    for (k = 0; k < D; k++) {
        out = g->dW1->data + k * g->dW1->tda;
        w = net->W1->data + k * net->W1->tda;
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
            out[j] = acc + 2.0 * reg * w[j];
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += g->dz1->data[i * g->dz1->tda + j];
        g->db1->data[j * g->db1->stride] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
