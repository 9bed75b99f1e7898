/* Lab 5 -- backward()
 * Written from the lecture template: numbered blocks, get/set loops,
 * one accumulator "acc" reused in every block.
 * Temporary "hid" holds dp1 and is freed at the end.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double acc;
    gsl_matrix *hid;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    hid = gsl_matrix_alloc(N, H);

    /* 1) dz2 = (softmax - onehot) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            acc = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                acc -= 1;
            gsl_matrix_set(g->dz2, i, k, acc / N);
        }
    }

    /* 2) dW2 = p1' dz2 + 2 reg W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            acc = 0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, acc + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* 3) db2 = sum over rows of dz2 */
    for (k = 0; k < C; k++) {
        acc = 0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* 4) dp1 = dz2 W2' */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            acc = 0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(hid, i, j, acc);
        }
    }
    gsl_matrix_memcpy(g->dp1, hid);

    /* 5) dz1 = dp1 where z1 > 0 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(hid, i, j, 0);
        }
    }
    gsl_matrix_memcpy(g->dz1, hid);

    /* 6) dW1 = X' dz1 + 2 reg W1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            acc = 0;
            for (k = 0; k < N; k++)
                acc += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, acc + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* 7) db1 = sum over rows of dz1 */
    acc = 0;
    for (j = 0; j < H; j++) {
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    gsl_matrix_free(hid);
    return 0;
}
