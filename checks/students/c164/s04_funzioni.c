// Progetto di Apprendimento Automatico - parte 2 (backward)
// Ferrari Alessandro
//
// Ho diviso il lavoro in funzioni: una per lo strato affine (che serve
// due volte) e una per la ReLU.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// somma_colonne: s[j] = somma_i A[i][j]
static void somma_colonne(const gsl_matrix *A, gsl_vector *s) {
    for (size_t j = 0; j < A->size2; j++) {
        double somma = 0.0;
        for (size_t i = 0; i < A->size1; i++)
            somma += gsl_matrix_get(A, i, j);
        gsl_vector_set(s, j, somma);
    }
}

// strato affine all'indietro: dW = A' dZ + 2 reg W, db = somma colonne dZ
static int affine_indietro(const gsl_matrix *A, const gsl_matrix *dZ,
                           const gsl_matrix *W, double reg,
                           gsl_matrix *dW, gsl_vector *db) {
    gsl_matrix *At = gsl_matrix_alloc(A->size2, A->size1);
    if (At == NULL)
        return 1;
    gsl_matrix_transpose_memcpy(At, A);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, At, dZ, 0.0, dW);
    gsl_matrix_free(At);
    for (size_t i = 0; i < W->size1; i++)
        for (size_t j = 0; j < W->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j)
                                     + 2 * reg * gsl_matrix_get(W, i, j));
    somma_colonne(dZ, db);
    return 0;
}

// derivata della relu: dZ = dP dove Z > 0
static void relu_indietro(const gsl_matrix *dP, const gsl_matrix *Z,
                          gsl_matrix *dZ) {
    for (size_t i = 0; i < Z->size1; i++)
        for (size_t j = 0; j < Z->size2; j++)
            gsl_matrix_set(dZ, i, j, gsl_matrix_get(Z, i, j) > 0
                                     ? gsl_matrix_get(dP, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = cache->N;
    if (X->size1 != N || X->size2 != net->D || g->N != N)
        return 1;

    // softmax + cross entropy
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // strato di uscita
    if (affine_indietro(cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2))
        return 1;

    // verso lo strato nascosto
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    relu_indietro(g->dp1, cache->z1, g->dz1);

    // primo strato
    if (affine_indietro(X, g->dz1, net->W1, reg, g->dW1, g->db1))
        return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
