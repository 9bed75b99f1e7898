// Tarea 3: Backpropagation (red de 2 capas)
// Alumno: Alejandro Ruiz Medina
// Comentarios: primero calculo todo en matrices temporales con los
// nombres del handout y al final lo copio a g.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_matrix *dscores, *dhidden;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    dscores = gsl_matrix_alloc(N, C);
    dhidden = gsl_matrix_alloc(N, H);

    // dscores
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) p = p - 1.0;
            gsl_matrix_set(dscores, i, k, p / N);
        }
    }

    // dW2 = hidden^T * dscores
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);

    // db2
    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++) s += gsl_matrix_get(dscores, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    // dhidden = dscores * W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

    // relu hacia atras
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(dhidden, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    // dW1 = X^T * dz1 + 2*reg*W1
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, s + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    // db1
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    // copio los temporales a g
    gsl_matrix_memcpy(g->dz2, dscores);
    gsl_matrix_memcpy(g->dp1, dhidden);
    gsl_matrix_free(dscores);
    gsl_matrix_free(dhidden);

    g->present = BP_GRADS_ALL;
    return 0;
}
