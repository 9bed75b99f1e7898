#include "backprop.h"
#include <gsl/gsl_blas.h>

/* ---- backward, batch split in chunks of 3 ----
 * dz2 rows, dp1 rows, dz1 rows are written chunk by chunk; the parameter
 * gradients are running sums. */

#define CHUNK 3

#define PROB(i, j) (cache->prob->data[(i) * cache->prob->tda + (j)])
#define DZ2(i, j)  (g->dz2->data[(i) * g->dz2->tda + (j)])
#define DP1(i, j)  (g->dp1->data[(i) * g->dp1->tda + (j)])
#define DZ1(i, j)  (g->dz1->data[(i) * g->dz1->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t st, en, r, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (st = 0; st < N; st += CHUNK) {
        en = st + CHUNK;
        if (en > N) en = N;

        for (r = st; r < en; r++) {
            for (k = 0; k < C; k++)
                DZ2(r, k) = (PROB(r, k) - (k == y[r])) / (double)N;
            for (j = 0; j < H; j++) {
                double s = 0;
                for (k = 0; k < C; k++)
                    s += DZ2(r, k) * gsl_matrix_get(net->W2, j, k);
                DP1(r, j) = s;
                DZ1(r, j) = gsl_matrix_get(cache->z1, r, j) > 0 ? s : 0;
            }
        }

        gsl_matrix_const_view a = gsl_matrix_const_submatrix(cache->p1, st, 0, en - st, H);
        gsl_matrix_const_view x = gsl_matrix_const_submatrix(X, st, 0, en - st, D);
        gsl_matrix_view d2 = gsl_matrix_submatrix(g->dz2, st, 0, en - st, C);
        gsl_matrix_view d1 = gsl_matrix_submatrix(g->dz1, st, 0, en - st, H);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &a.matrix, &d2.matrix, 1.0, g->dW2);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &x.matrix, &d1.matrix, 1.0, g->dW1);

        for (r = st; r < en; r++) {
            for (k = 0; k < C; k++) g->db2->data[k * g->db2->stride] += DZ2(r, k);
            for (j = 0; j < H; j++) g->db1->data[j * g->db1->stride] += DZ1(r, j);
        }
    }

    /* biases: average over the batch */
    gsl_vector_scale(g->db1, 1.0 / (double)N);

    /* weight decay */
    gsl_matrix *t = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(t, net->W2);
    gsl_matrix_scale(t, 2.0 * reg);
    gsl_matrix_add(g->dW2, t);
    gsl_matrix_free(t);
    t = gsl_matrix_alloc(D, H);
    gsl_matrix_memcpy(t, net->W1);
    gsl_matrix_scale(t, 2.0 * reg);
    gsl_matrix_add(g->dW1, t);
    gsl_matrix_free(t);

    g->present = BP_GRADS_ALL;
    return 0;
}
