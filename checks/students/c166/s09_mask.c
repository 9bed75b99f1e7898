// Two-layer net, backward.  Uses loops only (no BLAS yet).
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local {
    gsl_matrix *dscores, *dhidden, *dW1, *dW2;
    gsl_vector *db1, *db2;
};

static double dot_rows(const gsl_matrix *A, size_t i, const gsl_matrix *B, size_t j)
{
    // sum_k A[i][k] * B[j][k]
    double s = 0;
    size_t k;
    for (k = 0; k < A->size2; k++)
        s += gsl_matrix_get(A, i, k) * gsl_matrix_get(B, j, k);
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double invN = 1.0 / N;
    struct grads_local gr = {
        gsl_matrix_calloc(N, C), gsl_matrix_calloc(N, H),
        gsl_matrix_calloc(D, H), gsl_matrix_calloc(H, C),
        gsl_vector_calloc(H), gsl_vector_calloc(C)
    };

    // dscores
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(gr.dscores, i, j,
                           invN * (gsl_matrix_get(cache->prob, i, j) - (j == y[i])));

    // dW2, db2
    for (k = 0; k < N; k++)
        for (j = 0; j < C; j++) {
            double ds = gsl_matrix_get(gr.dscores, k, j);
            for (i = 0; i < H; i++)
                gsl_matrix_set(gr.dW2, i, j, gsl_matrix_get(gr.dW2, i, j) + gsl_matrix_get(cache->p1, k, i) * ds);
            gsl_vector_set(gr.db2, j, gsl_vector_get(gr.db2, j) + ds);
        }
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(gr.dW2, i, j, gsl_matrix_get(gr.dW2, i, j) + 2 * reg * gsl_matrix_get(net->W2, i, j));

    // dhidden (= dp1)
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(gr.dhidden, i, j, dot_rows(gr.dscores, i, net->W2, j));
    gsl_matrix_memcpy(g->dp1, gr.dhidden);

    // relu backward: only pass the gradient through where it is positive
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(gr.dhidden, i, j) < 0)
                gsl_matrix_set(gr.dhidden, i, j, 0);

    // dW1, db1
    for (k = 0; k < N; k++)
        for (j = 0; j < H; j++) {
            double dh = gsl_matrix_get(gr.dhidden, k, j);
            for (i = 0; i < D; i++)
                gsl_matrix_set(gr.dW1, i, j, gsl_matrix_get(gr.dW1, i, j) + gsl_matrix_get(X, k, i) * dh);
            gsl_vector_set(gr.db1, j, gsl_vector_get(gr.db1, j) + dh);
        }
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(gr.dW1, i, j, gsl_matrix_get(gr.dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));

    gsl_matrix_memcpy(g->dz2, gr.dscores);
    gsl_matrix_memcpy(g->dW2, gr.dW2);
    gsl_vector_memcpy(g->db2, gr.db2);
    gsl_matrix_memcpy(g->dz1, gr.dhidden);
    gsl_matrix_memcpy(g->dW1, gr.dW1);
    gsl_vector_memcpy(g->db1, gr.db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(gr.dscores);
    gsl_matrix_free(gr.dhidden);
    gsl_matrix_free(gr.dW1);
    gsl_matrix_free(gr.dW2);
    gsl_vector_free(gr.db1);
    gsl_vector_free(gr.db2);
    return 0;
}
