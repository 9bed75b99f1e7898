/* ===========================================================
 *  Backward - Esercitazione di Intelligenza Artificiale
 *  Autori: Ricci Francesca, Greco Matteo
 * =========================================================== */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // --- strato di uscita ---
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->C; j++) {
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + gsl_matrix_get(g->dz2, i, j));
        }
    }

    // --- strato nascosto ---
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: dove il gradiente e' negativo la relu non fa passare niente
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(g->dz1, i, j) < 0) {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
