/* ---------------------------------------------------------------
 * backward.c   backprop through  X -> affine -> relu -> affine -> softmax
 * regularisation: loss has reg*(|W1|^2+|W2|^2), gradient 2*reg*W for both
 * --------------------------------------------------------------- */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* read-only arrays */
#define A_X(i, d)     (X->data[(i) * X->tda + (d)])
#define A_W2(j, k)    (net->W2->data[(j) * net->W2->tda + (k)])
#define A_Z1(i, j)    (cache->z1->data[(i) * cache->z1->tda + (j)])
#define A_P1(i, j)    (cache->p1->data[(i) * cache->p1->tda + (j)])
#define A_PROB(i, k)  (cache->prob->data[(i) * cache->prob->tda + (k)])
/* outputs */
#define G_DZ2(i, k)   (g->dz2->data[(i) * g->dz2->tda + (k)])
#define G_DW2(j, k)   (g->dW2->data[(j) * g->dW2->tda + (k)])
#define G_DB2(k)      (g->db2->data[(k) * g->db2->stride])
#define G_DP1(i, j)   (g->dp1->data[(i) * g->dp1->tda + (j)])
#define G_DZ1(i, j)   (g->dz1->data[(i) * g->dz1->tda + (j)])
#define G_DW1(d, j)   (g->dW1->data[(d) * g->dW1->tda + (j)])
#define G_DB1(j)      (g->db1->data[(j) * g->db1->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j, k, d;
    double acc;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;

    /* 1 */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            if ((size_t) k == y[i]) {
                G_DZ2(i, k) = (A_PROB(i, k) - 1.0) / N;
            } else {
                G_DZ2(i, k) = A_PROB(i, k) / N;
            }
        }
    }

    /* 2 + 3 */
    for (k = 0; k < C; k++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += A_P1(i, j) * G_DZ2(i, k);
            G_DW2(j, k) = acc + 2.0 * reg * A_W2(j, k);
        }
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += G_DZ2(i, k);
        G_DB2(k) = acc;
    }

    /* 4 + 5 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (k = 0; k < C; k++)
                acc += G_DZ2(i, k) * A_W2(j, k);
            G_DP1(i, j) = acc;
            if (A_Z1(i, j) > 0.0) {
                G_DZ1(i, j) = acc;
            } else {
                G_DZ1(i, j) = 0.0;
            }
        }
    }

    /* 6 */
    for (d = 0; d < D; d++) {
        for (j = 0; j < H; j++) {
            acc = 0.0;
            for (i = 0; i < N; i++)
                acc += A_X(i, d) * G_DZ1(i, j);
            G_DW1(d, j) = acc;
        }
    }

    /* 7 */
    for (j = 0; j < H; j++) {
        acc = 0.0;
        for (i = 0; i < N; i++)
            acc += G_DZ1(i, j);
        G_DB1(j) = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
